"""``python -m vzcli`` works like the ``vzcli`` console script."""

from vzcli.cli import main

main()
