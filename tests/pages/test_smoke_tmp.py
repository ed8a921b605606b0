from nicegui.testing import User
from tests.pages.helpers import visit, upload, sample_bytes, WAIT, by_testid
from nicegui import ui
async def test_smoke(user: User) -> None:
    await visit(user, "/")
    sel = by_testid(user, "language-switch")
    sel.set_value("fr")
    await user.should_see("Charger un inventaire", retries=50)
    await upload(user, ("sample-rvtools.xlsx", sample_bytes()))
    await user.should_see("Inventaire chargé", retries=WAIT)
    user.find("Passer à la classification").click()
    await user.should_see("Hypothèses de capacité", retries=WAIT)
    await user.should_see("Cascade de capacité", retries=WAIT)
