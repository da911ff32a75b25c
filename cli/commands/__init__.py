"""One module per command group. Each defines `register(app)`; cli/main.py lists them (COMMANDS), in the order
`--help` shows them.
"""
