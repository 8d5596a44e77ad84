"""The portal's routes, one router per page with the API calls that page makes."""
