//! The generated event reference: `docs/events.md` and the AsyncAPI 3.0 document.
