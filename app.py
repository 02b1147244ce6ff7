"""Home page: what an LSTM is, why it exists, its four steps, and a card per page."""

import streamlit as st

from ui import equations, links
from ui.i18n import t
from ui.layout import PAGE_BY_KEY, available_pages, grid, page_link, page_setup

page_setup("home")
links.restore("home")                    # a link's language; a notice for anything else

st.title(f"{PAGE_BY_KEY['home'].icon} {t('home.title')}")
st.markdown(t("home.tagline"))

st.header(t("home.what.heading"))
st.markdown(t("home.what.body"))

st.header(t("home.why.heading"))
rnn, lstm = st.columns(2, gap="large")
with rnn:
    st.markdown(t("home.why.rnn"))
    st.latex(equations.RNN)
    st.markdown(t("home.why.problem"))
with lstm:
    st.markdown(t("home.why.lstm", **equations.SYMBOLS))

st.header(t("home.steps.heading"))
st.markdown(t("home.steps.legend", **equations.SYMBOLS))
# Two by two rather than four in a row: each equation needs about 350 px.
for column, (step, step_equations) in zip(grid(len(equations.STEPS)), equations.STEPS.items()):
    with column, st.container(border=True, height="stretch", key=f"home.step.{step}"):
        st.subheader(t(f"home.step.{step}.title"))
        for latex in step_equations:
            st.latex(latex)
        st.markdown(t(f"home.step.{step}.body", **equations.SYMBOLS))

pages = [page for page in available_pages() if page.key != "home"]
if pages:
    st.header(t("home.pages.heading"))
    for column, page in zip(grid(len(pages)), pages):
        with column, st.container(border=True, height="stretch", key=f"home.card.{page.key}"):
            page_link(page, bold=True)
            st.markdown(t(f"home.card.{page.key}"))
links.publish("home")                    # the language; the sidebar's link to this view
