"""``python -m ecograph``: the same as the ``ecograph`` command."""

from .cli import main

main(prog_name="ecograph")
