from pathlib import Path

import pytest
from pydantic import ValidationError

from chassis.settings import ServiceSettings, load_settings


def test_a_service_prefixed_variable_wins_over_the_plain_one():
    env = {
        "DATABASE_URL": "postgresql://db/shared",
        "BILLING_DATABASE_URL": "postgresql://db/billing",
    }
    assert load_settings(ServiceSettings, "billing", env).database_url == "postgresql://db/billing"
    assert load_settings(ServiceSettings, "accounts", env).database_url == "postgresql://db/shared"


def test_plain_database_urls_get_their_async_driver():
    settings = ServiceSettings(service_name="x", database_url="postgresql://u@h:5432/x")
    assert settings.sqlalchemy_url() == "postgresql+asyncpg://u@h:5432/x"


def test_without_a_database_url_each_service_has_its_own_sqlite_file():
    settings = ServiceSettings(service_name="billing", data_dir=Path("/var/data"))
    assert settings.sqlalchemy_url() == "sqlite+aiosqlite:////var/data/billing.sqlite3"


def test_an_unknown_setting_is_refused_with_its_name():
    with pytest.raises(ValidationError, match="colour"):
        load_settings(ServiceSettings, "billing", {}, colour="blue")


def test_the_broker_url_is_never_printed_with_its_password():
    settings = ServiceSettings(service_name="x", rabbitmq_url="amqp://u:hunter2@h/")
    assert "hunter2" not in repr(settings)
