//! The sales channels the desk follows, as the desk keeps them.

use super::policy::Channel;

/// One sales channel: its code, its name on screen, and whether the desk still
/// receives activations from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalesChannel {
    pub code: Channel,
    pub name: String,
    pub active: bool,
}
