"""Benchmarks, run by `make bench`. Each prints a ratio against a baseline measured in the
same run on the same machine, and adds its figures to instance/bench/results.json."""
