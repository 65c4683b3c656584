"""Enrollment's REST interface: catalogue, agreements, bookings and validation, change requests.

Routes parse, call one handler and shape its answer; who may do what for whom
is decided in `enrollment.domain.access`, refusals are answered by the chassis.
"""

from enrollment.entrypoints.http import agreements, bookings, catalogue, change_requests

ROUTERS = [catalogue.router, agreements.router, bookings.router, change_requests.router]
