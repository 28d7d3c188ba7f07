"""``python -m vzcli`` works like the ``vzcli`` console script."""

from vzcli.launch import main

main()
