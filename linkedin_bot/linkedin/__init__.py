"""The LinkedIn driver: a browser session, page objects, a selector engine, human pacing.

Services use :class:`linkedin_bot.linkedin.driver.LinkedInDriver` and the plain data of
``types.py``; nothing here imports the services or the API.
"""
