"""The portal's gateways to the outside: the services' APIs (`api.py`, the one module
that knows their paths) and the sealed session cookie (`session_cookie.py`)."""
