// The scenarios share one machine's libvirt, OVS, broker and database, and some restart those
// services on purpose: collections run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
