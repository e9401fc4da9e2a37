// The tutorial's widgets are global; every other page imports its own (so it loads only there).
import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import { holdLinkedHeadings } from './anchor';
import StepWidget from './components/StepWidget.vue';
import TrainWidget from './components/TrainWidget.vue';
import './custom.css';

export default {
  extends: DefaultTheme,
  enhanceApp({ app, router }) {
    app.component('StepWidget', StepWidget);
    app.component('TrainWidget', TrainWidget);
    holdLinkedHeadings(router);
  },
} satisfies Theme;
