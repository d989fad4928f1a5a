//! Telling this site's other tabs that the library changed, so they reload
//! their list instead of showing documents that are gone or misnamed.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{BroadcastChannel, MessageEvent};

/// The channel every tab of the library listens on.
const CHANNEL: &str = "tagmark-library";

/// An open `tagmark-library` channel; closed when dropped.
pub struct Broadcast {
    channel: BroadcastChannel,
    // Kept alive for as long as the channel may call it.
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl Broadcast {
    /// Opens the channel; `on_message` gets each text message another tab (or
    /// another `Broadcast` in this page) posts. None without BroadcastChannel.
    pub fn open(on_message: impl Fn(String) + 'static) -> Option<Broadcast> {
        let channel = BroadcastChannel::new(CHANNEL).ok()?;
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            if let Some(text) = event.data().as_string() {
                on_message(text);
            }
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Some(Broadcast { channel, _on_message: on_message })
    }

    /// Posts `message` to every other listener; a tab that is closing may miss it, which is harmless.
    pub fn post(&self, message: &str) {
        let _ = self.channel.post_message(&JsValue::from_str(message));
    }
}

impl Drop for Broadcast {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}
