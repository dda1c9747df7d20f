def test_handler():
    pass
