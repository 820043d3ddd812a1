def greet(name: str) -> str:
    """Returns a greeting; Lambda finds this module because the layer puts python/ on sys.path."""
    return f"Hello, {name}!"
