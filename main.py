"""Entry for NiceGUI's test plugin and `python main.py`: read the environment, serve the app."""

from storepredict.app import serve
from storepredict.config import config_from_env

if __name__ in {"__main__", "__mp_main__"}:
    serve(config_from_env())
