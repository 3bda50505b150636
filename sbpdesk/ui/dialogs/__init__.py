"""Small dialogs the pages open: a second user's approval, the first-run progress."""
