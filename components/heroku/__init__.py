"""Heroku components: the API app (HerokuApi) and the pipeline."""
