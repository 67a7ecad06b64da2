package dev.pampa.control.node;

/** What a deploy did to one node: the files it sent or skipped, and its class data archive, which only ever speeds workers up. */
public record NodeDeployment(DeployReport files, ClassDataArchive.Outcome archive) {
}
