// `next/navigation` for route handlers: redirect(), permanentRedirect(),
// notFound() throw errors that the handler runner turns into answers.
(function () {
const { primordials } = __bootstrap;
const { Error } = primordials;

const RedirectType = { push: "push", replace: "replace" };

function redirectError(url, type, status) {
  const error = new Error("NEXT_REDIRECT");
  error.digest = `NEXT_REDIRECT;${type};${url};${status};`;
  return error;
}

function redirect(url, type = RedirectType.replace) {
  throw redirectError(url, type, 307);
}

function permanentRedirect(url, type = RedirectType.replace) {
  throw redirectError(url, type, 308);
}

function notFound() {
  const error = new Error("NEXT_HTTP_ERROR_FALLBACK;404");
  error.digest = "NEXT_HTTP_ERROR_FALLBACK;404";
  throw error;
}

function forbidden() {
  throw new Error(
    "`forbidden()` is experimental and only allowed to be enabled when `experimental.authInterrupts` is enabled.",
  );
}

function unauthorized() {
  throw new Error(
    "`unauthorized()` is experimental and only allowed to be used when `experimental.authInterrupts` is enabled.",
  );
}

return {
  RedirectType,
  forbidden,
  notFound,
  permanentRedirect,
  redirect,
  unauthorized,
};
})();
