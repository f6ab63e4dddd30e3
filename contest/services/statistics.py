def session_item_statistics(session):
    return {"attempts": 0, "rows": []}
