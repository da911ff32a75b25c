"""People: accounts, sign-up with a questionnaire and admin approval, dandiset owners, notices by email."""
