// Each class starts its own launcher (signaling server, node, web app) and a Chromium; several at once on a small
// CI box starve each other until sync links drop and pages miss their hang guards. One class at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
