"""Password and PIN hashing; the method is a setting so tests can use a cheap one."""
from flask import current_app, has_app_context
from werkzeug.security import check_password_hash, generate_password_hash

DEFAULT_METHOD = "scrypt"


def hash_secret(secret: str) -> str:
    method = current_app.config.get("PASSWORD_HASH_METHOD", DEFAULT_METHOD) \
        if has_app_context() else DEFAULT_METHOD
    return generate_password_hash(secret, method=method)


def secret_matches(stored_hash: str, secret: str) -> bool:
    return check_password_hash(stored_hash, secret)
