"""Quiz questions and voice scenario cards as data files, with their loaders and validators."""
