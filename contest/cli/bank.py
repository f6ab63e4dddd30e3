from flask.cli import AppGroup

bank_cli = AppGroup("bank", help="知识测试题库")
