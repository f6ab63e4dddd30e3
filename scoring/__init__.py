"""Pure, typed scoring functions. Nothing here imports Flask or touches a database."""
