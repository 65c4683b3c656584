import pytest

from chassis.languages import negotiate


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "en"),
        ("", "en"),
        ("fr", "fr"),
        ("nl-BE", "nl"),
        ("de-DE,de;q=0.9,nl;q=0.8,fr;q=0.7", "nl"),
        ("en;q=0.5, fr;q=0.9", "fr"),
        ("fr;q=0, nl", "nl"),
        ("es, it", "en"),
        ("fr;q=abc, nl;q=0.1", "nl"),
        ("NL-be, FR", "nl"),
    ],
)
def test_the_best_of_our_three_languages_is_chosen(header, language):
    assert negotiate(header) == language
