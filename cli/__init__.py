"""The `dandi-stack` command line: thin, parses and renders; the work lives in stacks/."""
