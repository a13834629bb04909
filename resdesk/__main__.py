from resdesk.cli import app

app()
