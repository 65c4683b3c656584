"""The portal's application: one module per area, one function per page or action.

A handler takes the caller's `Api` (their tokens and language) and what the page
asked, calls the services, applies the portal's rules (`domain`) and returns what
the page shows. It knows nothing of HTTP requests, cookies or templates.
"""
