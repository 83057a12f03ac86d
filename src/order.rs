//! Work done on every core and taken in its own order: batches of records
//! validated (ingestion) and brief pages rendered (publishing) are passed
//! on in file or plan order, each as soon as those before it have come.

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

/// Items arriving in any order, passed on in the order of their index.
pub struct InOrder<P> {
    next: usize,
    waiting: BTreeMap<usize, P>,
}

impl<P> InOrder<P> {
    pub fn new() -> InOrder<P> {
        InOrder {
            next: 0,
            waiting: BTreeMap::new(),
        }
    }

    /// Passes each item to `take` once every item before it has been;
    /// stops at `take`'s first error.
    pub fn take<E>(
        &mut self,
        arrived: impl Iterator<Item = (usize, P)>,
        take: &mut impl FnMut(P) -> Result<(), E>,
    ) -> Result<(), E> {
        for (index, item) in arrived {
            self.waiting.insert(index, item);
            while let Some(item) = self.waiting.remove(&self.next) {
                take(item)?;
                self.next += 1;
            }
        }
        Ok(())
    }
}

/// `make` for each of `items`, on every core, an item at a time (so that
/// one long item does not hold others back on its core); `take` receives
/// the results on this thread in the order of `items`. Once `take` fails,
/// items not begun are not made, and its error is returned.
pub fn par_in_order<T: Sync, R: Send, E>(
    items: &[T],
    make: impl Fn(&T) -> R + Sync,
    mut take: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    let stop = AtomicBool::new(false);
    let (made, arrived) = mpsc::channel();
    std::thread::scope(|scope| {
        let (make, stop) = (&make, &stop);
        scope.spawn(move || {
            items.par_iter().enumerate().with_max_len(1).for_each_with(
                made,
                |made, (index, item)| {
                    if !stop.load(Ordering::Relaxed) {
                        // Fails only once `take` has failed and stopped listening.
                        let _ = made.send((index, make(item)));
                    }
                },
            );
        });
        let taken = InOrder::new().take(arrived.iter(), &mut take);
        if taken.is_err() {
            stop.store(true, Ordering::Relaxed);
        }
        taken
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_are_taken_in_the_order_of_the_items() {
        // Later items are quicker, so they arrive first.
        let items: Vec<u64> = (0..40).collect();
        let mut taken = Vec::new();
        let done: Result<(), ()> = par_in_order(
            &items,
            |n| {
                std::thread::sleep(std::time::Duration::from_micros(40 - n));
                n * 2
            },
            |r| {
                taken.push(r);
                Ok(())
            },
        );
        assert_eq!(done, Ok(()));
        assert_eq!(taken, items.iter().map(|n| n * 2).collect::<Vec<_>>());
    }

    #[test]
    fn the_first_failure_in_order_is_returned() {
        let items: Vec<usize> = (0..1000).collect();
        let mut taken = 0;
        let done = par_in_order(
            &items,
            |n| *n,
            |n| match n {
                3 | 7 => Err(n),
                _ => {
                    taken += 1;
                    Ok(())
                }
            },
        );
        assert_eq!(done, Err(3));
        assert_eq!(taken, 3);
    }
}
