from chassis.correlation import accept_correlation_id


def test_a_well_formed_caller_id_is_kept():
    assert accept_correlation_id("req-42.abc:1") == "req-42.abc:1"


def test_a_missing_or_unsafe_id_is_replaced():
    for bad in (None, "", "a" * 129, "two words", "new\nline", "<script>"):
        replaced = accept_correlation_id(bad)
        assert replaced != bad
        assert len(replaced) == 32
