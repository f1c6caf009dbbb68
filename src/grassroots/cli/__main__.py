import sys

from grassroots.cli import main

sys.exit(main())
