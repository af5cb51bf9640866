"""The overlap stage: region profiles, the patent-class concordance, and how strongly each topic
touches the industries of each region."""
