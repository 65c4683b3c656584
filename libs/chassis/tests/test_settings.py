from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy.engine import make_url

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


def test_a_database_url_with_several_hosts_moves_them_to_the_query_for_sqlalchemy():
    settings = ServiceSettings(
        service_name="x",
        database_url="postgresql://u:p@10.0.0.1:5441,10.0.0.2:5442/billing"
        "?target_session_attrs=read-write",
    )
    assert settings.sqlalchemy_url() == (
        "postgresql+asyncpg://u:p@/billing?host=10.0.0.1:5441&host=10.0.0.2:5442"
        "&target_session_attrs=read-write"
    )
    url = make_url(settings.sqlalchemy_url())
    assert url.query["host"] == ("10.0.0.1:5441", "10.0.0.2:5442")
    assert url.database == "billing"


def test_a_host_without_its_port_gets_postgresqls_own():
    settings = ServiceSettings(service_name="x", database_url="postgresql+asyncpg://u@a,b:6432/x")
    assert settings.sqlalchemy_url() == "postgresql+asyncpg://u@/x?host=a:5432&host=b:6432"


def test_the_broker_url_may_name_each_node_of_a_cluster():
    settings = ServiceSettings(
        service_name="x",
        rabbitmq_url="amqp://u:p@node-a:5672/vh, amqp://u:p@node-b:5672/vh,amqp://u:p@node-c/vh",
    )
    assert settings.rabbitmq_urls() == [
        "amqp://u:p@node-a:5672/vh",
        "amqp://u:p@node-b:5672/vh",
        "amqp://u:p@node-c/vh",
    ]
    single = ServiceSettings(service_name="x", rabbitmq_url="amqp://u:p@h/")
    assert single.rabbitmq_urls() == ["amqp://u:p@h/"]


@pytest.mark.parametrize(
    "urls",
    [
        "amqp://u:p@a/,amqp://u:other@b/",  # another password
        "amqp://u:p@a/vh,amqp://u:p@b/",  # another virtual host
        "amqp://u:p@a/,amqps://u:p@b/",  # another scheme
        "amqp://u:p@a/,http://b/",
    ],
)
def test_broker_urls_that_cannot_be_one_clusters_are_refused_without_their_password(urls):
    settings = ServiceSettings(service_name="x", rabbitmq_url=urls)
    with pytest.raises(ValueError, match="broker URL") as refused:
        settings.rabbitmq_urls()
    assert ":p@" not in str(refused.value)
