// The results of a completed campaign: the campaign report (admin-ui/src/reports/campaign-report.tsx). Should
// the report fail to render, the page keeps working and says so; the progress counts above stay the
// campaign's final numbers.
import { Banner, BlockStack, Text } from '@shopify/polaris';
import { Component, type ReactNode } from 'react';
import { CampaignReport } from '../reports/campaign-report.js';

class ReportBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override render() {
    if (this.state.failed) {
      return (
        <Banner tone="warning" title="The report couldn't be shown">
          <p>Reload the page to try again. The final counts are in Progress above.</p>
        </Banner>
      );
    }
    return this.props.children;
  }
}

export function ResultsSection({ campaignId }: { campaignId: string }) {
  return (
    <BlockStack gap="200">
      <Text as="h2" variant="headingLg">
        Results
      </Text>
      <ReportBoundary>
        <CampaignReport campaignId={campaignId} />
      </ReportBoundary>
    </BlockStack>
  );
}
