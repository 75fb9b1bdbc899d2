"""The desktop bundle's entry point (PyInstaller runs this file as __main__)."""

import multiprocessing
import sys

if __name__ == "__main__":
    # first: a helper process the app started (the DDL preview's pool) re-runs
    # this executable, and must end here, not open another window
    multiprocessing.freeze_support()
    from tablewright.app.cli import main

    sys.exit(main())
