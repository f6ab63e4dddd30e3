"""Operations (verbs) and queries (predicates) on the models. Routes stay thin and call these."""
