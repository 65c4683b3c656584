"""One entry of the portal's words: the three languages side by side."""

from typing import NamedTuple


class Words(NamedTuple):
    fr: str
    nl: str
    en: str
