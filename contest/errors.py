"""Refusals as a Chinese page for people, or an error code plus message for terminal scripts."""
from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: "请求格式不正确",
    401: "请先登录",
    403: "无权访问",
    404: "页面不存在",
    405: "不支持该请求方式",
    409: "操作与当前状态冲突",
    413: "提交的内容过大",
    429: "请求过于频繁,请稍后再试",
    500: "服务器内部错误,请联系技术人员",
}


def refuse(status: int, code: str, message: str) -> Any:
    from .access import wants_json

    if wants_json():
        response = jsonify({"ok": False, "error": code, "message": message})
    else:
        response = render_template("error.html", status=status, message=message)
    return response, status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError) -> Any:
        return refuse(400, "csrf", "页面已过期或来源不明(CSRF 校验失败),请刷新页面后重试")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        status = error.code or 500
        return refuse(status, f"http_{status}", MESSAGES.get(status, error.name))

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Any:
        app.logger.exception("unhandled error on %s", request.path)
        return refuse(500, "server_error", MESSAGES[500])
