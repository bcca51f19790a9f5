//! The one error type of this crate.

/// A next.config (or proxy matcher) that Next would refuse to start with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
  /// A rule is invalid; `at` names it, e.g. `redirects[2]`.
  #[error("{at}: {message}")]
  Rule {
    /// Which rule, e.g. `redirects[2]` or `rewrites.beforeFiles[0].has[1]`.
    at: String,
    /// What is wrong with it.
    message: String,
  },
  /// A top-level option has a wrong type or value.
  #[error("{key}: {message}")]
  Option {
    /// The option's name.
    key: String,
    /// What is wrong with it.
    message: String,
  },
}

impl ConfigError {
  pub(crate) fn rule(at: &str, message: impl Into<String>) -> ConfigError {
    ConfigError::Rule {
      at: at.to_string(),
      message: message.into(),
    }
  }
  pub(crate) fn option(key: &str, message: impl Into<String>) -> ConfigError {
    ConfigError::Option {
      key: key.to_string(),
      message: message.into(),
    }
  }
}
