"""`python -m reconciler` runs the `strec` command."""

from reconciler.cli import main

main()
