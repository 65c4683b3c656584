"""The portal's entry points: its web pages (`http/`) and `python -m portal`'s commands."""
