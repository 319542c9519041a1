from augury.cli import app

app(prog_name="augury")
