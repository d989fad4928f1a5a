//! Work that must not outlive its owner. A timer, a frame callback or an
//! async task started by a view or a session may fire after the reader has
//! left it; touching its signals then panics ("reactive value disposed").
//! Every such task is started through a [`Lifetime`], which ends when the
//! reactive owner it was made under is cleaned up: a task whose lifetime
//! ended never runs, and an async task stops at its next await.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;

use leptos::prelude::{on_cleanup, request_animation_frame, set_timeout};

/// Alive until the owner it was made under is cleaned up (see the module
/// comment). Cheap to clone: every clone ends together.
#[derive(Clone, Debug)]
pub struct Lifetime(Arc<AtomicBool>);

impl Lifetime {
    /// The lifetime of the current reactive owner.
    pub fn of_owner() -> Lifetime {
        let alive = Arc::new(AtomicBool::new(true));
        let ended = alive.clone();
        on_cleanup(move || ended.store(false, Ordering::Relaxed));
        Lifetime(alive)
    }

    /// Whether the owner is still there.
    pub fn is_alive(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// Runs `f` after `delay`, if the owner is still there.
    pub fn timeout(&self, delay: Duration, f: impl FnOnce() + 'static) {
        let me = self.clone();
        set_timeout(move || me.run(f), delay);
    }

    /// Runs `f` before the next frame, if the owner is still there.
    pub fn next_frame(&self, f: impl FnOnce() + 'static) {
        let me = self.clone();
        request_animation_frame(move || me.run(f));
    }

    /// Runs `f` as a task of its own right after the next frame is painted
    /// (as [`crate::web::paint::after_next_paint`]), if the owner is still there.
    pub fn after_next_paint(&self, f: impl FnOnce() + 'static) {
        let me = self.clone();
        crate::web::paint::after_next_paint(move || me.run(f));
    }

    /// Runs `task` on this thread. Each time it would resume, the owner is
    /// checked first: once the owner is gone the task is dropped unfinished.
    pub fn spawn(&self, task: impl Future<Output = ()> + 'static) {
        let me = self.clone();
        let mut task: Pin<Box<dyn Future<Output = ()>>> = Box::pin(task);
        leptos::task::spawn_local(std::future::poll_fn(move |cx| {
            if me.is_alive() {
                task.as_mut().poll(cx)
            } else {
                Poll::Ready(())
            }
        }));
    }

    fn run(&self, f: impl FnOnce()) {
        if self.is_alive() {
            f();
        }
    }
}
