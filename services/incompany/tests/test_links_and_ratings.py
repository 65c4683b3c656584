"""R-I10 signed platform links, R-I12 evaluation answers and results, settings checks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import uuid4

import pytest
from cryptography.fernet import Fernet
from pydantic import ValidationError

from incompany.adapters.platform_links import signed_link, verify
from incompany.domain.ratings import Answer, aggregate, check_answer
from incompany.domain.refusals import EvaluationRefused
from incompany.settings import IncompanySettings

KEY = "k" * 32
NOW = datetime(2027, 3, 1, 9, tzinfo=UTC)


def test_r_i10_a_platform_link_is_signed_per_participant_and_expires():
    participant, group = uuid4(), uuid4()
    url = signed_link(
        "https://learn.example/start",
        KEY,
        participant_id=participant,
        group_id=group,
        expires_at=NOW + timedelta(days=60),
    )
    assert url.startswith("https://learn.example/start?participant=")
    assert verify(url, KEY, now=NOW)
    assert not verify(url, "x" * 32, now=NOW)
    assert not verify(url, KEY, now=NOW + timedelta(days=61))
    assert not verify(url.replace(str(participant), str(uuid4())), KEY, now=NOW)


def rated(content=5, trainer=4, organisation=3, platform=4, comment="") -> Answer:
    ratings = {"content": content, "trainer": trainer, "organisation": organisation}
    return Answer({**ratings, "platform": platform}, comment)


END = datetime(2027, 3, 3, 11, 30, tzinfo=UTC)


def test_r_i12_an_answer_is_taken_after_the_class_with_ratings_1_to_5():
    check_answer(rated(), now=END + timedelta(days=1), ends_at=END)
    with pytest.raises(EvaluationRefused, match="opens at the end of the class"):
        check_answer(rated(), now=END - timedelta(minutes=1), ends_at=END)
    with pytest.raises(EvaluationRefused, match=r"^ratings.trainer: must be a whole number"):
        check_answer(rated(trainer=6), now=END + timedelta(days=1), ends_at=END)
    with pytest.raises(EvaluationRefused, match="is closed"):
        check_answer(rated(), now=END + timedelta(days=30), ends_at=END)


def test_r_i12_hr_sees_averages_distribution_and_comments():
    results = aggregate([rated(5, comment=" Great "), rated(4), rated(4, comment="Clear")], 8)
    assert (results.participants, results.responses) == (8, 3)
    assert results.averages["content"] == Decimal("4.33")
    assert results.distribution["content"] == {1: 0, 2: 0, 3: 0, 4: 2, 5: 1}
    assert results.comments == ["Great", "Clear"]
    assert aggregate([], 8).averages["trainer"] is None


def test_keys_must_be_valid_and_distinct():
    fernet = Fernet.generate_key().decode()
    settings = IncompanySettings(
        service_name="incompany",
        nrn_encryption_keys=fernet,
        nrn_index_key="i" * 32,
        platform_link_key=KEY,
    )
    assert settings.missing_participant_keys() == []
    assert IncompanySettings(service_name="incompany").missing_participant_keys() == [
        "nrn_encryption_keys",
        "nrn_index_key",
        "platform_link_key",
    ]
    with pytest.raises(ValidationError, match="Fernet keys"):
        IncompanySettings(service_name="incompany", nrn_encryption_keys="not-a-key")
    with pytest.raises(ValidationError, match="at least 32 bytes"):
        IncompanySettings(service_name="incompany", nrn_index_key="short")
    with pytest.raises(ValidationError, match="must differ"):
        IncompanySettings(service_name="incompany", nrn_index_key=KEY, platform_link_key=KEY)


def test_r_i11_the_class_link_template_may_use_only_known_fields():
    IncompanySettings(
        service_name="incompany", class_link_template="https://learn.example/{group_reference}"
    )
    with pytest.raises(ValidationError, match="may use only"):
        IncompanySettings(service_name="incompany", class_link_template="https://x/{secret}")
