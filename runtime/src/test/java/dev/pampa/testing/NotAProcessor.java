package dev.pampa.testing;

/** A class on the jobs path that a careless job names as its processor. */
public class NotAProcessor {
}
