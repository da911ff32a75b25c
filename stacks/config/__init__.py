"""The bottom layer: the typed model of an environment, its per-kind defaults, names, errors and reference."""
