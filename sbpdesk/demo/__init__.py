"""Demo books and practice sessions, flagged as demo everywhere: office.py builds the demo
office book (world.py, bulk.py, history.py are its parts), point.py a laptop enrolled at it,
practice.py one practice session on the laptop's book (`sbpdesk demo-session`), names.py the
Vietnamese names they draw from. It sits above sync (point.py enrols for real) and services,
and below the CLI and the app."""
