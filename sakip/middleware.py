from django.contrib.auth.middleware import LoginRequiredMiddleware


class LoginRequiredEverywhere(LoginRequiredMiddleware):
    """Every page needs login; views opt out with django.contrib.auth.decorators.login_not_required."""
