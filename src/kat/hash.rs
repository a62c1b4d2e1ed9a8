//! `HashTest` and `HashMonteCarloTest`.

use std::format;
use std::vec::Vec;

use super::runner::{CHUNK_SIZES, Cx, Expect, Route, differs, failed, garbage, same};
use super::schema::{Fields, Issue, Outcome, Test};
use crate::registry::{DynHash, Kind};

pub(super) const ROUTES: &[Route] = &[
    Route {
        algorithms: &[],
        group_type: "HashTest",
        target: None,
        params: &[],
        kind: Kind::Hash,
        applies: None,
        run: hash_test,
    },
    Route {
        algorithms: &[],
        group_type: "HashMonteCarloTest",
        target: None,
        params: &[],
        kind: Kind::Hash,
        applies: None,
        run: monte_carlo,
    },
];

fn instance(cx: &Cx<'_>) -> Result<std::boxed::Box<dyn DynHash>, Issue> {
    cx.alg
        .hash(cx.choice)
        .map_err(|e| failed("instantiation", e))
}

/// The digest, written into a buffer of garbage; the state starts over.
fn digest(h: &mut dyn DynHash) -> Result<Vec<u8>, Issue> {
    let mut out = garbage(h.output_len());
    h.finalize_reset(&mut out)
        .map_err(|e| failed("finalize", e))?;
    Ok(out)
}

fn hash_test(cx: &Cx<'_>, t: &Test, expect: Expect) -> Outcome {
    let msg = t.hex("msg")?;
    let md = t.hex("md")?;
    let mut h = instance(cx)?;
    h.update(&msg);
    let one_shot = digest(&mut *h)?;
    if expect == Expect::Invalid {
        return differs("one-shot", &one_shot, &md);
    }
    same("one-shot", &one_shot, &md)?;
    // The state is fresh again after finalize_reset.
    h.update(&msg);
    same("second message on a reused state", &digest(&mut *h)?, &md)?;
    for n in CHUNK_SIZES {
        for c in msg.chunks(n) {
            h.update(c);
        }
        same(&format!("{n}-byte updates"), &digest(&mut *h)?, &md)?;
    }
    let (a, b) = msg.split_at(msg.len() / 2);
    h.update(a);
    let mut copy = h.box_clone();
    h.update(b);
    copy.update(b);
    same("state cloned mid-message", &digest(&mut *copy)?, &md)?;
    same("original of a cloned state", &digest(&mut *h)?, &md)?;
    h.update(b"discarded by reset");
    h.reset();
    h.update(&msg);
    same("after reset", &digest(&mut *h)?, &md)?;
    batch(&*h, &msg, &md)
}

/// Through a multi-message API, if the algorithm has one: the message at every other place
/// in a batch of 33 (more than two rounds of 16 lanes), among fillers of other lengths that
/// keep the lanes refilling out of step.
fn batch(h: &dyn DynHash, msg: &[u8], md: &[u8]) -> Outcome {
    let fillers: Vec<Vec<u8>> = (0..16).map(|i| garbage(i * 37 % 200)).collect();
    let msgs: Vec<&[u8]> = (0..33)
        .map(|i| if i % 2 == 0 { msg } else { &fillers[i / 2][..] })
        .collect();
    let Some(digests) = h.digest_many(&msgs) else {
        return Ok(());
    };
    let digests = digests.map_err(|e| failed("batch", e))?;
    for i in (0..msgs.len()).step_by(2) {
        same(
            &format!("batch digest {i} of {}", msgs.len()),
            &digests[i],
            md,
        )?;
    }
    Ok(())
}

/// SHAVS Monte Carlo (NIST SHAVS §6.4): from a seed, each checkpoint hashes the last three
/// digests, `iterationsPerCheckpoint` times, and reseeds with the last one.
fn monte_carlo(cx: &Cx<'_>, t: &Test, expect: Expect) -> Outcome {
    const MAX_CHECKPOINTS: u64 = 100_000;
    let seed = cx.group.hex("seed")?;
    let iterations = cx.group.uint("iterationsPerCheckpoint")?;
    let count = t.uint("count")?;
    let md = t.hex("md")?;
    if count >= MAX_CHECKPOINTS {
        return Err(Issue::Malformed(format!(
            "count {count} is beyond {MAX_CHECKPOINTS}"
        )));
    }
    let mut checkpoints = cx.memo.borrow_mut();
    if checkpoints.len() as u64 <= count {
        let mut h = instance(cx)?;
        while checkpoints.len() as u64 <= count {
            let start = checkpoints.last().unwrap_or(&seed).clone();
            let mut last = [start.clone(), start.clone(), start];
            for _ in 0..iterations {
                for m in &last {
                    h.update(m);
                }
                let next = digest(&mut *h)?;
                last = [last[1].clone(), last[2].clone(), next];
            }
            let [_, _, cp] = last;
            checkpoints.push(cp);
        }
    }
    let got = &checkpoints[count as usize];
    match expect {
        Expect::Valid => same(&format!("checkpoint {count}"), got, &md),
        Expect::Invalid => differs(&format!("checkpoint {count}"), got, &md),
    }
}
